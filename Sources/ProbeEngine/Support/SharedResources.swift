import ProbeTransport
import Synchronization
import Tiktoken

/// One libcurl transport per proxy configuration, shared by every engine of the process
/// (each transport owns one event thread).
enum SharedTransport {
    private static let transports = Mutex<[(ProxySettings, CurlTransport)]>([])

    static func curl(environment: [String: String]) -> CurlTransport {
        let proxy = ProxySettings(environment: environment)
        return transports.withLock { transports in
            if let existing = transports.first(where: { $0.0 == proxy }) { return existing.1 }
            let transport = CurlTransport(proxy: proxy)
            transports.append((proxy, transport))
            return transport
        }
    }
}

/// The process's tokenizer data, found once per vocabulary directory (SPEC §9's search order)
/// and loaded lazily, on the first count that needs it.
public enum TokenCounting {
    private static let caches = Mutex<[String: EncodingCache]>([:])

    /// The directory holding the vocabularies, or the places searched.
    public static func locate(environment: [String: String]) -> Result<String, TiktokenError> {
        Result { () throws(TiktokenError) -> String in try VocabularyLocator(environment: environment).locate() }
    }

    /// The shared encoding cache for `environment`, or why there is none.
    public static func cache(environment: [String: String]) -> Result<EncodingCache, TiktokenError> {
        switch locate(environment: environment) {
        case .failure(let error): return .failure(error)
        case .success(let directory):
            return caches.withLock { caches in
                if let cache = caches[directory] { return .success(cache) }
                do throws(TiktokenError) {
                    let cache = try EncodingCache(directory: directory)
                    caches[directory] = cache
                    return .success(cache)
                } catch {
                    return .failure(error)
                }
            }
        }
    }

    /// A counter exact for openai models when the vocabulary loads, the estimate otherwise.
    /// The vocabulary directory is located on the first count and remembered (a miss is looked
    /// up again next time), so counting does not repeat the search's file checks.
    public static func shared(environment: [String: String]) -> TokenCounter {
        let found = Mutex<EncodingCache?>(nil)
        return TokenCounter { modelName, text in
            let encodings = found.withLock { found -> EncodingCache? in
                if let found { return found }
                guard case .success(let located) = TokenCounting.cache(environment: environment) else { return nil }
                found = located
                return located
            }
            guard let encoding = try? encodings?.encoding(forModel: modelName) else { return nil }
            return encoding.count(text)
        }
    }
}
