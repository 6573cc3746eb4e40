import CLibpq

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// libpq's functions, loaded with `dlopen` on first use (as libcurl is, Sources/CCurl): the
/// `probe` binary links ProbeStore, and linking libpq (with its TLS, Kerberos and LDAP
/// libraries) would add milliseconds to every start, database or not. The `CLibpq`
/// system-library target gives the declarations and types of libpq-dev's header.
struct LibPQ: @unchecked Sendable {
    typealias Strings = UnsafePointer<UnsafePointer<CChar>?>?
    let connectdbParams: @convention(c) (Strings, Strings, Int32) -> OpaquePointer?
    let status: @convention(c) (OpaquePointer?) -> ConnStatusType
    let errorMessage: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let finish: @convention(c) (OpaquePointer?) -> Void
    let setNoticeProcessor: @convention(c) (OpaquePointer?, PQnoticeProcessor?, UnsafeMutableRawPointer?) -> PQnoticeProcessor?
    let execParams: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32, UnsafePointer<Oid>?, Strings,
                                    UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> OpaquePointer?
    let exec: @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?
    let resultStatus: @convention(c) (OpaquePointer?) -> ExecStatusType
    let resultErrorField: @convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?
    let resultErrorMessage: @convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?
    let clear: @convention(c) (OpaquePointer?) -> Void
    let ntuples: @convention(c) (OpaquePointer?) -> Int32
    let nfields: @convention(c) (OpaquePointer?) -> Int32
    let getisnull: @convention(c) (OpaquePointer?, Int32, Int32) -> Int32
    let getvalue: @convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?
    let conninfoParse: @convention(c) (UnsafePointer<CChar>?, UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?)
        -> UnsafeMutablePointer<PQconninfoOption>?
    let conninfoFree: @convention(c) (UnsafeMutablePointer<PQconninfoOption>?) -> Void
    let freemem: @convention(c) (UnsafeMutableRawPointer?) -> Void

    /// The library, loaded once; the failure says what is missing.
    static func load() throws(PGError) -> LibPQ {
        try loaded.get()
    }

    private static let loaded: Result<LibPQ, PGError> = Result { () throws(PGError) -> LibPQ in try open() }

    private static func open() throws(PGError) -> LibPQ {
        var handle: UnsafeMutableRawPointer?
        var reasons: [String] = []
        for name in ["libpq.so.5", "libpq.5.dylib", "libpq.so"] {
            handle = dlopen(name, RTLD_NOW | RTLD_LOCAL)
            if handle != nil { break }
            reasons.append(dlerror().map { String(cString: $0) } ?? name)
        }
        guard let handle else {
            throw PGError(sqlState: nil, message: "cannot load libpq (install libpq5): \(reasons.joined(separator: "; "))",
                          connectionFailed: false)
        }
        func symbol<T>(_ name: String, as type: T.Type) throws(PGError) -> T {
            guard let address = dlsym(handle, name) else {
                throw PGError(sqlState: nil, message: "libpq has no \(name)", connectionFailed: false)
            }
            return unsafeBitCast(address, to: type)
        }
        return LibPQ(
            connectdbParams: try symbol("PQconnectdbParams", as: (@convention(c) (Strings, Strings, Int32) -> OpaquePointer?).self),
            status: try symbol("PQstatus", as: (@convention(c) (OpaquePointer?) -> ConnStatusType).self),
            errorMessage: try symbol("PQerrorMessage", as: (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self),
            finish: try symbol("PQfinish", as: (@convention(c) (OpaquePointer?) -> Void).self),
            setNoticeProcessor: try symbol("PQsetNoticeProcessor", as:
                (@convention(c) (OpaquePointer?, PQnoticeProcessor?, UnsafeMutableRawPointer?) -> PQnoticeProcessor?).self),
            execParams: try symbol("PQexecParams", as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Int32,
                UnsafePointer<Oid>?, Strings, UnsafePointer<Int32>?, UnsafePointer<Int32>?, Int32) -> OpaquePointer?).self),
            exec: try symbol("PQexec", as: (@convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> OpaquePointer?).self),
            resultStatus: try symbol("PQresultStatus", as: (@convention(c) (OpaquePointer?) -> ExecStatusType).self),
            resultErrorField: try symbol("PQresultErrorField", as:
                (@convention(c) (OpaquePointer?, Int32) -> UnsafeMutablePointer<CChar>?).self),
            resultErrorMessage: try symbol("PQresultErrorMessage", as:
                (@convention(c) (OpaquePointer?) -> UnsafeMutablePointer<CChar>?).self),
            clear: try symbol("PQclear", as: (@convention(c) (OpaquePointer?) -> Void).self),
            ntuples: try symbol("PQntuples", as: (@convention(c) (OpaquePointer?) -> Int32).self),
            nfields: try symbol("PQnfields", as: (@convention(c) (OpaquePointer?) -> Int32).self),
            getisnull: try symbol("PQgetisnull", as: (@convention(c) (OpaquePointer?, Int32, Int32) -> Int32).self),
            getvalue: try symbol("PQgetvalue", as: (@convention(c) (OpaquePointer?, Int32, Int32) -> UnsafeMutablePointer<CChar>?).self),
            conninfoParse: try symbol("PQconninfoParse", as: (@convention(c) (UnsafePointer<CChar>?,
                UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> UnsafeMutablePointer<PQconninfoOption>?).self),
            conninfoFree: try symbol("PQconninfoFree", as: (@convention(c) (UnsafeMutablePointer<PQconninfoOption>?) -> Void).self),
            freemem: try symbol("PQfreemem", as: (@convention(c) (UnsafeMutableRawPointer?) -> Void).self))
    }
}
