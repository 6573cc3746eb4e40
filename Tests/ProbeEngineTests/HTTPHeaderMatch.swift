import ProbeTransport

/// Matches a header by case-insensitive name and exact value.
func HTTPHeaderMatch(_ name: String, _ value: String) -> (HTTPHeader) -> Bool {
    { $0.name.lowercased() == name.lowercased() && $0.value == value }
}

extension Array where Element == HTTPHeader {
    func contains(_ predicate: (HTTPHeader) -> Bool) -> Bool {
        contains(where: predicate)
    }
}
