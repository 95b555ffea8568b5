import Foundation

/// Reads a `Lessons` folder into lessons, collecting every content error rather than stopping at
/// the first, so that an author sees all of them at once.
///
/// Threading: a value type used by one caller at a time.
struct CatalogLoader {
    let root: URL
    private(set) var errors: [ContentError] = []
    private let files = FileManager.default

    init(root: URL) {
        self.root = root
    }

    private mutating func fail(_ url: URL, _ line: Int?, _ message: String) {
        errors.append(ContentError(file: url, line: line, message: message))
    }

    /// Visible entries of a folder, sorted by name.
    private func entries(_ folder: URL) -> [URL] {
        let names = (try? files.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.filter { !$0.hasPrefix(".") }.sorted().map { folder.appendingPathComponent($0) }
    }

    mutating func load() -> [Lesson] {
        var folders: [(number: Int, url: URL)] = []
        var numbers: [Int: URL] = [:]
        for entry in entries(root) where LessonsLocator.isDirectory(entry) {
            guard let (number, _) = ContentFormat.numberedSlug(entry.lastPathComponent) else {
                fail(entry, nil, "a lesson folder's name must be two digits, a dash and a lower-case name, like 01-processes")
                continue
            }
            if let other = numbers[number] {
                fail(entry, nil, "lesson number \(String(format: "%02d", number)) is also used by \(other.lastPathComponent)")
                continue
            }
            numbers[number] = entry
            folders.append((number, entry))
        }
        var lessons: [Lesson] = []
        for (position, folder) in folders.enumerated() {
            if let lesson = loadLesson(folder.url, number: position + 1) { lessons.append(lesson) }
        }
        checkUnique(lessons)
        return lessons
    }

    private mutating func checkUnique(_ lessons: [Lesson]) {
        var ids: [String: Lesson] = [:]
        var examples: [String: Example] = [:]
        var exercises: [String: Exercise] = [:]
        for lesson in lessons {
            let manifest = lesson.folder.appendingPathComponent("lesson.json")
            if let other = ids[lesson.id] {
                fail(manifest, nil, "lesson id \"\(lesson.id)\" is also used by \(other.folder.lastPathComponent)")
            }
            ids[lesson.id] = lesson
            for example in lesson.examples {
                if let other = examples[example.name], other.swiftFile != example.swiftFile {
                    fail(manifest, nil, "example name \"\(example.name)\" is also used in lesson \"\(other.lessonID)\"; names are unique across the tour")
                }
                examples[example.name] = example
            }
            for exercise in lesson.exercises {
                if let other = exercises[exercise.name], other.folder != exercise.folder {
                    fail(manifest, nil, "exercise name \"\(exercise.name)\" is also used in lesson \"\(other.lessonID)\"; names are unique across the tour")
                }
                exercises[exercise.name] = exercise
            }
        }
    }

    private mutating func loadLesson(_ folder: URL, number: Int) -> Lesson? {
        let manifestURL = folder.appendingPathComponent("lesson.json")
        var manifestErrors: [ContentError] = []
        let manifest = LessonManifest.load(manifestURL, errors: &manifestErrors)
        errors += manifestErrors
        guard let manifest else { return nil }
        let pages = loadPages(folder.appendingPathComponent("pages"))
        let exercises = loadExercises(folder.appendingPathComponent("exercises"), manifest: manifest, manifestURL: manifestURL)
        let examples = loadExamples(
            folder.appendingPathComponent("examples"), manifest: manifest, manifestURL: manifestURL, exercises: exercises)
        return Lesson(
            number: number, id: manifest.id, title: manifest.title, summary: manifest.summary,
            folder: folder, pages: pages, examples: examples, exercises: exercises)
    }

    private mutating func loadPages(_ folder: URL) -> [Page] {
        guard LessonsLocator.isDirectory(folder) else {
            fail(folder, nil, "missing folder: a lesson needs at least one page in pages/")
            return []
        }
        var pages: [Page] = []
        var seen: [Int: String] = [:]
        for file in entries(folder) {
            let name = file.lastPathComponent
            if let page = PageCode.page(forContext: file) {
                // Declarations the page's Swift blocks assume (see PageCode); dev verify compiles it.
                if !files.fileExists(atPath: page.path) {
                    fail(file, nil, "a context file belongs to a page: there is no \(page.lastPathComponent) beside it")
                }
                continue
            }
            guard name.hasSuffix(".md"), let (number, slug) = ContentFormat.numberedSlug(String(name.dropLast(3))) else {
                fail(file, nil, "a page's name must be two digits, a dash, a lower-case name and .md, like 01-spawn.md")
                continue
            }
            if let other = seen[number] {
                fail(file, nil, "page number \(String(format: "%02d", number)) is also used by \(other)")
                continue
            }
            seen[number] = name
            guard let data = files.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
                fail(file, nil, "cannot be read as UTF-8 text")
                continue
            }
            if text.trimmingWhitespaceAndNewlines().isEmpty {
                fail(file, 1, "the page is empty")
                continue
            }
            let (blocks, problems) = MarkdownParser.parse(text)
            for problem in problems + PageCode.problems(in: text) { fail(file, problem.line, problem.message) }
            var title = slug.replacingOccurrences(of: "-", with: " ")
            for block in blocks {
                if case .heading(_, let text) = block {
                    title = text.map(\.plainText).joined()
                    break
                }
            }
            pages.append(Page(number: pages.count + 1, title: title, file: file, markdown: text))
        }
        if pages.isEmpty && errors.allSatisfy({ !$0.file.path.hasPrefix(folder.path) }) {
            fail(folder, nil, "a lesson needs at least one page (pages/01-name.md)")
        }
        return pages
    }

    /// The examples lesson.json lists; `exercises` are the lesson's exercises that loaded, for
    /// the examples that are compiled with one's solution (`solutionOf`).
    private mutating func loadExamples(_ folder: URL, manifest: LessonManifest, manifestURL: URL, exercises: [Exercise]) -> [Example] {
        var examples: [Example] = []
        var declared = Set<String>()
        for entry in manifest.examples {
            if !declared.insert(entry.name).inserted {
                fail(manifestURL, entry.line, "example \"\(entry.name)\" is listed twice")
                continue
            }
            let swift = folder.appendingPathComponent("\(entry.name).swift")
            guard files.fileExists(atPath: swift.path) else {
                fail(swift, nil, "missing file: lesson.json line \(entry.line) lists the example \"\(entry.name)\"")
                continue
            }
            var solution: URL?
            if let exercise = entry.solutionOf {
                guard let found = exercises.first(where: { $0.name == exercise }) else {
                    let names = manifest.exercises.map(\.name)
                    let why =
                        names.contains(exercise)
                        ? "that exercise did not load (see its own errors)"
                        : names.isEmpty
                            ? "this lesson has no exercises" : "this lesson has no such exercise (its exercises: \(names.joined(separator: ", ")))"
                    fail(
                        manifestURL, entry.line,
                        "example \"\(entry.name)\" is compiled with the solution of exercise \"\(exercise)\" (\"solutionOf\"), but \(why)")
                    continue
                }
                solution = found.solutionFile
            }
            let exs = folder.appendingPathComponent("\(entry.name).exs")
            examples.append(
                Example(
                    name: entry.name, description: entry.description, lessonID: manifest.id,
                    swiftFile: swift, elixirFile: files.fileExists(atPath: exs.path) ? exs : nil, exerciseSolution: solution))
        }
        for file in entries(folder) {
            let base = file.deletingPathExtension().lastPathComponent
            let ext = file.pathExtension
            if (ext == "swift" || ext == "exs") && !declared.contains(base) {
                fail(file, nil, "this example is not listed in \(manifestURL.lastPathComponent) (add it to \"examples\")")
            } else if ext != "swift" && ext != "exs" {
                fail(file, nil, "examples/ holds only <name>.swift and <name>.exs files")
            }
        }
        return examples
    }

    private mutating func loadExercises(_ folder: URL, manifest: LessonManifest, manifestURL: URL) -> [Exercise] {
        var exercises: [Exercise] = []
        var declared = Set<String>()
        for (name, line) in manifest.exercises {
            if !declared.insert(name).inserted {
                fail(manifestURL, line, "exercise \"\(name)\" is listed twice")
                continue
            }
            let exerciseFolder = folder.appendingPathComponent(name)
            guard LessonsLocator.isDirectory(exerciseFolder) else {
                fail(exerciseFolder, nil, "missing folder: lesson.json line \(line) lists the exercise \"\(name)\"")
                continue
            }
            var complete = true
            for required in ["starter.swift", "solution.swift", "tests.swift"] {
                let file = exerciseFolder.appendingPathComponent(required)
                if !files.fileExists(atPath: file.path) {
                    fail(file, nil, "missing file: every exercise needs starter.swift, solution.swift and tests.swift")
                    complete = false
                }
            }
            var manifestErrors: [ContentError] = []
            let metadata = ExerciseManifest.load(exerciseFolder.appendingPathComponent("exercise.json"), errors: &manifestErrors)
            errors += manifestErrors
            let allowed = ExerciseManifest.fixedFiles + (metadata?.elixirNode.map { [$0] } ?? [])
            for entry in entries(exerciseFolder) where !allowed.contains(entry.lastPathComponent) {
                fail(
                    entry, nil,
                    "an exercise folder holds only exercise.json, starter.swift, solution.swift and tests.swift, "
                        + "and the .exs script its \"elixirNode\" names")
            }
            if let script = metadata?.elixirNode, !files.fileExists(atPath: exerciseFolder.appendingPathComponent(script).path) {
                fail(exerciseFolder.appendingPathComponent("exercise.json"), nil, "\"elixirNode\" names \(script), which is not in the exercise's folder")
                complete = false
            }
            guard complete, let metadata else { continue }
            var exercise = Exercise(
                name: name, lessonID: manifest.id, title: metadata.title, summary: metadata.summary,
                timeoutSeconds: metadata.timeoutSeconds, hints: metadata.hints, folder: exerciseFolder)
            exercise.elixirNodeScript = metadata.elixirNode.map { exerciseFolder.appendingPathComponent($0) }
            exercises.append(exercise)
        }
        for entry in entries(folder) where !declared.contains(entry.lastPathComponent) {
            fail(entry, nil, "this exercise is not listed in \(manifestURL.lastPathComponent) (add it to \"exercises\")")
        }
        return exercises
    }
}
