import M365Reports
import PropertyBased
import Testing

/// The YAML subset of the configuration files: hand-written documents and
/// the trees they must give, the places nodes start at, and line- and
/// column-numbered refusals of what the reader does not support.
@Suite struct YAMLReaderTests {
    private func read(_ yaml: String) throws -> YAMLNode? { try YAMLReader.compose(yaml: yaml) }

    private static func quoted(_ text: String, _ style: YAMLNode.Scalar.Style) -> YAMLNode {
        .scalar(.init(text, style: style))
    }

    @Test func readsAConfigurationFile() throws {
        let yaml = """
            ---
            # Tenants of the service provider.
            refresh_interval: 30m   # a comment after a value
            periods: [D7, D30]
            graph: {url: "https://graph.example/v1.0", max_concurrency: 4}
            tenants:
              - name: contoso
                tenant_id: 'it''s'
                client_secret_file: /run/secrets/contoso

              - name: "fabrik\\u00e4m"
                reports:
                - getOffice365ActiveUserCounts
                - getTeamsUserActivityCounts
            empty:
            tilde: ~

            """
        let expected: YAMLNode = [
            "refresh_interval": "30m",
            "periods": ["D7", "D30"],
            "graph": ["url": Self.quoted("https://graph.example/v1.0", .doubleQuoted), "max_concurrency": "4"],
            "tenants": [
                ["name": "contoso", "tenant_id": Self.quoted("it's", .singleQuoted),
                 "client_secret_file": "/run/secrets/contoso"],
                ["name": Self.quoted("fabrikäm", .doubleQuoted),
                 "reports": ["getOffice365ActiveUserCounts", "getTeamsUserActivityCounts"]],
            ],
            "empty": "",
            "tilde": "~",
        ]
        let root = try #require(try read(yaml))
        #expect(root == expected)
        let mapping = try #require(root.mapping)
        #expect(mapping["empty"]?.isNull == true && mapping["tilde"]?.isNull == true)
        #expect(mapping["refresh_interval"]?.isNull == false)
    }

    @Test func readsNestedSequencesFlowCollectionsOverLinesAndCRLF() throws {
        #expect(try read("- a\n- - b\n  - c\n-\n- d: e\n  f: [g, {h: i}]\n") == [
            "a", ["b", "c"], "", ["d": "e", "f": ["g", ["h": "i"]]],
        ])
        #expect(try read("reports: [\n  a,   # first\n  b,\n]\n") == ["reports": ["a", "b"]])
        #expect(try read("\u{FEFF}a: 1\r\nb: [x]\r\n") == ["a": "1", "b": ["x"]])
        #expect(try read("url: http://host:80/a#b\ntime: 12:30 # c\n") == ["url": "http://host:80/a#b", "time": "12:30"])
    }

    @Test func readsEveryEscapeOfADoubleQuotedString() throws {
        let root = try read(#"a: "q\"b\\s\/t\tn\nr\rx\x41u\u00e9U\U0001F600z\0e\e""#)
        let text = try #require(root?.mapping?["a"]?.scalar)
        #expect(text.string == "q\"b\\s/t\tn\nr\rxAué" + "U😀z\u{0}e\u{1B}")
        #expect(text.style == .doubleQuoted)
    }

    @Test func readsLiteralBlockScalarsWithEachChomping() throws {
        let yaml = "clip: |\n  -----BEGIN-----\n  abc\n\n    def\n\nstrip: |-\n  x\n  y\n\nkeep: |+\n  z\n\n\nlast: 1\n"
        #expect(try read(yaml) == [
            "clip": Self.quoted("-----BEGIN-----\nabc\n\n  def\n", .literal),
            "strip": Self.quoted("x\ny", .literal),
            "keep": Self.quoted("z\n\n\n", .literal),
            "last": "1",
        ])
        #expect(try read("- |\n  in a list\n- next\n") == [Self.quoted("in a list\n", .literal), "next"])
    }

    @Test func knowsNullAndBoolOnlyUnquoted() throws {
        let root = try #require(try read("a: true\nb: 'true'\nc: null\nd: \"null\"\ne: off\n")?.mapping)
        #expect(root["a"]?.bool == true && root["b"]?.bool == nil && root["e"]?.bool == false)
        #expect(root["c"]?.isNull == true && root["d"]?.isNull == false)
    }

    @Test func anEmptyTextOrOnlyCommentsHasNoRoot() throws {
        #expect(try read("") == nil)
        #expect(try read("# nothing\n\n   \n") == nil)
        #expect(try read("---\n") == nil)
    }

    @Test func marksWhereEveryNodeStarts() throws {
        let root = try #require(try read("top:\n  - name: contoso\n    id: 'x'\n  - [a, é, b]\n"))
        #expect(root.mark == .init(line: 1, column: 1))
        let list = try #require(root.mapping?["top"]?.sequence)
        #expect(list.mark == .init(line: 2, column: 3))
        #expect(list[0].mark == .init(line: 2, column: 5))
        #expect(list[0].mapping?["id"]?.mark == .init(line: 3, column: 9))
        #expect(list[1].sequence?[2].mark == .init(line: 4, column: 12), "columns count characters, not bytes")
        #expect(try read("a:\n")?.mapping?["a"]?.mark?.line == 1)
    }

    @Test(arguments: [
        ("a: 1\nb: 2\na: 3\n", 3, 1, "key \"a\" appears twice (first on line 1)"),
        ("a: {b: 1, b: 2}\n", 1, 11, "key \"b\" appears twice"),
        ("a: &anchor 1\n", 1, 4, "anchors (&) are not supported"),
        ("a: *anchor\n", 1, 4, "aliases (*) are not supported"),
        ("a: !!str 1\n", 1, 4, "tags (!) are not supported"),
        ("a: >\n  folded\n", 1, 4, "folded block scalars (>) are not supported"),
        ("? a\n: b\n", 1, 1, "explicit keys (?) are not supported"),
        ("%YAML 1.2\n---\na: 1\n", 1, 1, "directives (%) are not supported"),
        ("a: 1\n---\nb: 2\n", 2, 1, "several documents (---) are not supported"),
        ("a: b: c\n", 1, 5, "a nested mapping must start on its own line"),
        ("a:\n  b: 1\n   c: 2\n", 3, 4, "unexpected indentation"),
        ("a:\n\tb: 1\n", 2, 1, "a tab in the indentation"),
        ("a: \"open\n", 1, 4, "double-quoted string is not closed on its line"),
        ("a: 'open\n", 1, 4, "single-quoted string is not closed on its line"),
        ("a: \"\\q\"\n", 1, 5, "unknown escape sequence"),
        ("a: \"\\u12\"\n", 1, 5, "needs 4 hexadecimal digits"),
        ("a: \"\\uD800\"\n", 1, 5, "not a valid character"),
        ("tenants: [\n", 1, 10, "the [ opened here is never closed"),
        ("a: {b: 1\n", 1, 4, "the { opened here is never closed"),
        ("a: [b, c: d]\n", 1, 9, "key: value pairs inside [ ] are not supported"),
        ("a: [\"x\" y]\n", 1, 9, "expected \",\" or \"]\""),
        ("a\nb: 1\n", 2, 1, "unexpected text at this indentation"),
        ("a: \"x\" y\n", 1, 8, "unexpected text after the value"),
        ("a: - b\n", 1, 4, "a list cannot start on the line of its key"),
        ("- a\nb: 1\n", 2, 1, "unexpected text at this indentation"),
        ("a: ]\n", 1, 4, "unexpected \"]\""),
        ("a: [- b]\n", 1, 5, "a block list (\"- \") cannot be inside"),
    ])
    func refusesWithLineAndColumn(_ yaml: String, _ line: Int, _ column: Int, _ problem: String) {
        let error = #expect(throws: YAMLError.self) { try read(yaml) }
        #expect(error?.line == line, "\(String(describing: error))")
        #expect(error?.column == column, "\(String(describing: error))")
        #expect(error?.problem.contains(problem) == true, "\(String(describing: error))")
    }

    @Test func refusesNestingBeyondItsLimitInsteadOfOverflowingTheStack() {
        let error = #expect(throws: YAMLError.self) { try read(String(repeating: "[", count: 100_000)) }
        #expect(error?.problem.contains("nested deeper than") == true)
        let block = (0..<300).map { String(repeating: " ", count: $0) + "a:" }.joined(separator: "\n")
        #expect(throws: YAMLError.self) { try read(block) }
    }

    @Test func anErrorNeverQuotesAValue() {
        let error = #expect(throws: YAMLError.self) { try read("key: \"-----BEGIN KEY-----\\nMIIsecret\n  : [\n") }
        #expect(!String(describing: error).contains("MIIsecret"))
    }

    /// Characters that steer the reader, so that short inputs reach every branch.
    static let yamlCharacters = Array("ab: -#[]{},'\"\\|>&*!?~%\n\r\t 1éu0")

    @Test func noInputCrashesOrHangsTheReader() async {
        let text = Gen.element(of: Self.yamlCharacters).compactMap { $0 }.string(of: 0...80)
        await propertyCheck(count: 3000, input: text) { yaml in
            _ = try? YAMLReader.compose(yaml: yaml)
        }
    }
}
