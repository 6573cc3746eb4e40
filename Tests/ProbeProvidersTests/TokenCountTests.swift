import Testing
import ProbeCore
@testable import ProbeProviders

@Suite struct TokenCountTests {
    @Test func onlyIntegerTokensUpToInt32MaxCount() throws {
        #expect(TokenCount.of(try JSONParser.parse("0")) == 0)
        #expect(TokenCount.of(try JSONParser.parse("2147483647")) == 2_147_483_647)
        for raw in ["2147483648", "9223372036854775808", "-1", "5.0", "1e2", "\"5\"", "true", "null"] {
            #expect(TokenCount.of(try JSONParser.parse(raw)) == nil, "\(raw)")
        }
        #expect(TokenCount.of(nil) == nil)
    }
}
