import Foundation

/// Every lesson, page, example and exercise of the tour, validated, with lookup by name.
///
/// Load it with `Catalog.load(from:)` (a `Lessons` folder) or `Catalog.locateAndLoad()`.
/// Threading: an immutable value; safe to share between threads.
public struct Catalog: Sendable {
    /// The `Lessons` folder the catalog was loaded from.
    public let root: URL
    /// The lessons in tour order (by their folder's number).
    public let lessons: [Lesson]

    public init(root: URL, lessons: [Lesson]) {
        self.root = root
        self.lessons = lessons
    }

    /// Every example, lesson by lesson.
    public var examples: [Example] { lessons.flatMap(\.examples) }

    /// Every exercise, lesson by lesson.
    public var exercises: [Exercise] { lessons.flatMap(\.exercises) }

    /// A lesson by its number (`1`), id (`processes`) or folder name (`01-processes`).
    public func lesson(named name: String) -> Lesson? {
        if let number = Int(name) { return lessons.first { $0.number == number } }
        return lessons.first { $0.id == name || $0.folder.lastPathComponent == name }
    }

    public func example(named name: String) -> Example? {
        examples.first { $0.name == name }
    }

    public func exercise(named name: String) -> Exercise? {
        exercises.first { $0.name == name }
    }

    /// The lesson with the given id.
    public func lesson(id: String) -> Lesson? {
        lessons.first { $0.id == id }
    }

    /// Finds the `Lessons` folder (see `LessonsLocator`) and loads it.
    public static func locateAndLoad(environment: [String: String] = ProcessInfo.processInfo.environment) throws(CatalogError) -> Catalog {
        try load(from: LessonsLocator.locate(environment: environment))
    }

    /// Loads and validates every lesson under `root`. Throws `.invalid` listing every problem.
    public static func load(from root: URL) throws(CatalogError) -> Catalog {
        var loader = CatalogLoader(root: root)
        let lessons = loader.load()
        if !loader.errors.isEmpty { throw .invalid(loader.errors) }
        return Catalog(root: root, lessons: lessons)
    }
}
