import Testing
@testable import Workbench

@Suite struct TokenizerTests {
    func words(_ line: String) throws -> [String] { try Tokenizer.tokenize(line).map(\.text) }

    @Test func splitsOnWhitespace() throws {
        #expect(try words("heap  top\t10") == ["heap", "top", "10"])
        #expect(try words("   ") == [])
    }

    @Test func quotesAndEscapes() throws {
        #expect(try words(#"ask "Why was api OOM-killed?""#) == ["ask", "Why was api OOM-killed?"])
        #expect(try words("note 'it''s'") == ["note", "its"])
        #expect(try words(#"note "a \"b\" \\ c \n""#) == ["note", #"a "b" \ c \n"#])
        #expect(try words(#"note a\ b"#) == ["note", "a b"])
        #expect(try words(#"x 'single \n stays'"#) == ["x", #"single \n stays"#])
        #expect(try words(#"x pre"mid"post"#) == ["x", "premidpost"])
        #expect(try words("x ''") == ["x", ""])
    }

    @Test func comments() throws {
        #expect(try words("help # what is there") == ["help"])
        #expect(try words("# only a comment") == [])
        #expect(try words("note a#b") == ["note", "a#b"])
        #expect(try words("show #3") == ["show", "#3"])
        #expect(try words("x '# not a comment'") == ["x", "# not a comment"])
    }

    @Test func errorsNameTheColumn() {
        #expect(throws: WorkbenchError("unterminated \" quote starting at column 5")) { try Tokenizer.tokenize(#"ask "why"#) }
        #expect(throws: WorkbenchError("unterminated ' quote starting at column 6")) { try Tokenizer.tokenize("note 'x") }
        #expect(throws: WorkbenchError("trailing backslash at column 6")) { try Tokenizer.tokenize(#"note \"#) }
    }

    @Test func quotedDashIsNotAFlag() throws {
        let t = try Tokenizer.tokenize(#"note "--json""#)
        #expect(t[1].quoted && t[1].text == "--json")
    }

    @Test(arguments: ["plain", "-dash", "--flag", "two words", "it's", #"back\slash"#, "\"dq\"", "#hash", "", "tab\there", "ünï"])
    func quoteRoundTrips(_ word: String) throws {
        #expect(try words("x " + Tokenizer.quote(word)) == ["x", word])
    }

    @Test func aQuotedDashWordStaysAnArgument() throws {
        #expect(Tokenizer.quote("--json") == "'--json'")
        let a = try ParsedArguments(spec: NoteCommand.spec, words: try Tokenizer.tokenize(Tokenizer.quote("--json")))
        #expect(a.argument("TEXT") == "--json")
        #expect(!a.wantsJSON)
    }

    @Test func completionTokenizing() {
        let (done, current) = Tokenizer.tokenizeForCompletion("heap to")
        #expect(done.map(\.text) == ["heap"])
        #expect(current.text == "to")
        let (d2, c2) = Tokenizer.tokenizeForCompletion("ask \"why is")
        #expect(d2.map(\.text) == ["ask"])
        #expect(c2.text == "why is")
        let (d3, c3) = Tokenizer.tokenizeForCompletion("help ")
        #expect(d3.map(\.text) == ["help"])
        #expect(c3.text == "")
    }
}
