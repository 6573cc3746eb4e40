import Testing
import ProbeJSON
@testable import ProbeCore

@Suite struct JSONParserTests {
    private func rejects(_ text: String) -> Bool {
        (try? JSONParser.parse(text)) == nil
    }

    @Test func parsesNestedValuesKeepingKeyOrder() throws {
        let value = try JSONParser.parse(#"{"b": [1, 2.5, -0, true, null], "a": {"x": "y"}}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["b", "a"])
        #expect(value["a"]?["x"] == .string("y"))
        #expect(value["b"]?.arrayValue?.count == 5)
    }

    @Test func duplicateKeyLastValueWins() throws {
        let value = try JSONParser.parse(#"{"k": 1, "k": 2}"#)
        #expect(value["k"] == .int(2))
        #expect(value.objectValue?.count == 1)
    }

    @Test func integerTokensAreToldApartFromFractionsAndExponents() throws {
        #expect(try JSONParser.parse("1024").numberValue?.isIntegerToken == true)
        #expect(try JSONParser.parse("1024.0").numberValue?.isIntegerToken == false)
        #expect(try JSONParser.parse("1e3").numberValue?.isIntegerToken == false)
        #expect(try JSONParser.parse("1024.0") == JSONParser.parse("1024"))
    }

    @Test func rejectsNonStandardNumbers() {
        for text in ["NaN", "Infinity", "-Infinity", "1e400", "-1e400", "01", "1.", ".5", "+1", "0x10", "1e"] {
            #expect(rejects(text), "\(text)")
        }
        #expect(rejects(String(repeating: "9", count: 400)))
    }

    @Test func rejectsLoneSurrogatesButAcceptsPairs() throws {
        #expect(rejects(#""\ud800""#))
        #expect(rejects(#""\udc00""#))
        #expect(rejects(#""\ud800\u0041""#))
        #expect(try JSONParser.parse(#""\ud83d\ude00""#) == .string("😀"))
    }

    @Test func rejectsInvalidUTF8() {
        #expect((try? JSONParser.parse([0x22, 0xFF, 0x22])) == nil)
        #expect((try? JSONParser.parse([0x22, 0xC3, 0x22])) == nil)
        #expect((try? JSONParser.parse([0x22, 0xED, 0xA0, 0x80, 0x22])) == nil)  // encoded surrogate
    }

    @Test func acceptsDepthSixtyFourAndRejectsSixtyFive() {
        let ok = String(repeating: "[", count: 64) + String(repeating: "]", count: 64)
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        #expect(!rejects(ok))
        #expect(rejects(deep))
        #expect(rejects(String(repeating: "[", count: 100_000)))
    }

    @Test func byteOrderMarkIsNotJSON() {
        #expect((try? JSONParser.parse([0xEF, 0xBB, 0xBF] + Array("{}".utf8))) == nil)
    }

    @Test func rejectsTrailingDataAndControlCharacters() {
        #expect(rejects("{} {}"))
        #expect(rejects("\"a\u{01}b\""))
        #expect(rejects("[1,]"))
        #expect(rejects("{\"a\":1,}"))
        #expect(rejects(""))
        #expect(rejects("tru"))
    }

    @Test func writerRoundTripsUnicodeAndEscapesControls() throws {
        let text = "مرحبا 你好 👩‍👩‍👧 e\u{301} \u{0} \"q\" \\ \n\t\u{1F}"
        let written = JSONWriter.string(.string(text))
        #expect(!written.contains("\n"))
        #expect(written.contains("\\u0000"))
        #expect(written.contains("你好"))
        #expect(try JSONParser.parse(written) == .string(text))
    }

    @Test func writerKeepsNumberTokens() {
        #expect(JSONWriter.string(.object(["t": .double(0.7), "n": .int(3)])) == #"{"t":0.7,"n":3}"#)
    }
}
