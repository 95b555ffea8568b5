/// The parts of a page of Markdown the tour understands: the blocks and the inline text in them.
///
/// Threading: immutable values; safe to share between threads.
indirect enum MarkdownBlock: Equatable, Sendable {
    case heading(level: Int, text: [MarkdownInline])
    case paragraph([MarkdownInline])
    case list(ordered: Bool, start: Int, items: [[MarkdownBlock]])
    case quote([MarkdownBlock])
    case code(language: String, text: String)
    /// An Elixir block and its Swift twin, shown side by side when the terminal is wide enough.
    case compare(elixir: String, swift: String)
    case table(header: [[MarkdownInline]], alignments: [TableAlignment], rows: [[[MarkdownInline]]])
    case rule
}

enum TableAlignment: Equatable, Sendable {
    case left, center, right
}

indirect enum MarkdownInline: Equatable, Sendable {
    case text(String)
    case emphasis([MarkdownInline])
    case strong([MarkdownInline])
    case code(String)
    case link(text: [MarkdownInline], destination: String)
}

/// A structural mistake in a page (an unclosed fence, a malformed comparison), with its line.
struct MarkdownProblem: Equatable, Sendable {
    let line: Int
    let message: String
}
