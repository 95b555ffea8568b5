/// How a diagram or tree is drawn: the columns it may take, colour, and Unicode box drawing or
/// plain ASCII.
///
/// Threading: an immutable value; safe to share between threads.
public struct DiagramStyle: Sendable, Equatable {
    public var width: Int
    public var color: Bool
    public var ascii: Bool
    /// At most this many events are drawn; the rest are counted on a last line.
    public var maxEvents: Int

    public init(width: Int, color: Bool = false, ascii: Bool = false, maxEvents: Int = 400) {
        self.width = max(24, width)
        self.color = color
        self.ascii = ascii
        self.maxEvents = max(1, maxEvents)
    }

    var glyphs: Glyphs { ascii ? .ascii : .unicode }
}

/// The characters a diagram is drawn with.
///
/// Threading: an immutable value; safe to share between threads.
struct Glyphs: Sendable {
    var lane: Character
    var unborn: Character
    var line: Character
    var dashed: Character
    var dotted: Character
    var right: Character
    var left: Character
    var tee: Character
    var teeLeft: Character
    var birth: Character
    var receive: Character
    var exit: Character
    var timeout: Character
    var register: Character
    var restart: String
    var selfOut: Character
    var selfBack: Character
    var branch: String
    var lastBranch: String
    var trunk: String
    var ellipsis: String
    var timeGap: Character

    static let unicode = Glyphs(
        lane: "│", unborn: "┆", line: "─", dashed: "╌", dotted: "┄", right: "▶", left: "◀", tee: "├", teeLeft: "┤", birth: "┬",
        receive: "●", exit: "✖", timeout: "◷", register: "◆", restart: "↻", selfOut: "╮", selfBack: "╯",
        branch: "├─ ", lastBranch: "└─ ", trunk: "│  ", ellipsis: "…", timeGap: "┊")

    static let ascii = Glyphs(
        lane: "|", unborn: ":", line: "-", dashed: "-", dotted: ".", right: ">", left: "<", tee: "+", teeLeft: "+", birth: "+",
        receive: "*", exit: "X", timeout: "T", register: "#", restart: "restart", selfOut: "+", selfBack: "+",
        branch: "|- ", lastBranch: "`- ", trunk: "|  ", ellipsis: "...", timeGap: ":")
}
