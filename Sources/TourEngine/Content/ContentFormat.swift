/// The version of the lesson content format this build of the engine understands.
///
/// Content declares its version in every `lesson.json` and `exercise.json` ("format": N). Newer
/// content is refused with a message saying to update elixirtour, never half-read.
/// Threading: constants and pure functions; safe from any thread.
public enum ContentFormat {
    public static let current = 1

    /// A name an example or exercise may have: lower-case letters, digits and dashes.
    static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
            && !name.hasSuffix("-")
    }

    /// A lesson folder or page file name: two digits, a dash, then a name (`01-processes`).
    static func numberedSlug(_ name: String) -> (number: Int, slug: String)? {
        let parts = name.split(separator: "-", maxSplits: 1)
        guard parts.count == 2, parts[0].count == 2, let number = Int(parts[0]),
            isValidName(String(parts[1]))
        else { return nil }
        return (number, String(parts[1]))
    }

    /// Checks the `format` field of a manifest; returns an error message when it is unusable.
    static func problem(with format: Int) -> String? {
        if format > current {
            return "this content is format \(format), but this elixirtour understands format \(current) at most: "
                + "update elixirtour (git pull, then bash scripts/tour.sh)"
        }
        if format < 1 { return "\"format\" must be 1 or more, found \(format)" }
        return nil
    }
}
