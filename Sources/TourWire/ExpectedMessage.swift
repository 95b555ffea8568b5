/// One message a test expected: who sends, who receives, the message as `inspect` prints it; a
/// nil field stands for anything.
///
/// Threading: an immutable value; safe to share between threads.
public struct ExpectedMessage: Codable, Sendable, Equatable {
    public var from: String?
    public var to: String?
    public var text: String?

    public init(from: String?, to: String?, text: String?) {
        self.from = from
        self.to = to
        self.text = text
    }
}
