/// Bounded parallelism for child processes: at most `width` in flight (2 cores are shared).
enum ParallelRuns {
    static func map<T: Sendable, R: Sendable>(_ items: [T], width: Int,
                                              _ body: @escaping @Sendable (Int, T) async -> R) async -> [R?] {
        var results = [R?](repeating: nil, count: items.count)
        await withTaskGroup(of: (Int, R).self) { group in
            var next = 0
            func startNext() {
                guard next < items.count else { return }
                let index = next
                let item = items[index]
                group.addTask { (index, await body(index, item)) }
                next += 1
            }
            for _ in 0..<width { startNext() }
            while let (index, result) = await group.next() {
                results[index] = result
                startNext()
            }
        }
        return results
    }
}
