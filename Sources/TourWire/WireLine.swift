import FoundationEssentials

/// Writes a wire record as one line of JSON (no newline). Used inside the learner's program,
/// which loads Foundation's libraries anyway (the runtime links them), so encoding with
/// `JSONEncoder` costs no start-up time.
///
/// Threading: stateless; safe from any thread.
public enum WireLine {
    /// `value` as compact JSON; a value that cannot be encoded (a non-finite number) gives
    /// `fallback` instead, so a writer never traps.
    public static func text(_ value: some Encodable, fallback: String = "{}") -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        guard let data = try? encoder.encode(value) else { return fallback }
        return String(decoding: data, as: UTF8.self)
    }
}
