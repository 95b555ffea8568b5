import Foundation
import TourEngine

/// `init [DIR]`: makes a workspace and copies every exercise's starter into it, never replacing
/// a file the learner has changed without asking.
struct InitAction {
    let context: TourContext

    /// The folder `init` works on: the one named, else the workspace already in use, else
    /// `elixirtour-workspace` in the current folder.
    func folder(for argument: String?) throws -> URL {
        if let argument {
            return URL(fileURLWithPath: argument, relativeTo: context.currentDirectory).standardizedFileURL
        }
        if let workspace = try context.findWorkspace() { return workspace.root }
        return context.currentDirectory.appendingPathComponent(Workspace.defaultFolderName)
    }

    /// Makes (or refreshes) the workspace at `folder` and reports what it did.
    @discardableResult
    func initialise(at folder: URL, overwrite: Bool = false) throws -> Workspace {
        let catalog = try context.catalog()
        let existed = Workspace.isWorkspace(folder)
        let workspace = try Workspace.create(at: folder)
        let results = try workspace.installStarters(for: catalog.exercises) { exercise, file in
            if overwrite { return .overwrite }
            guard context.interactive else { return .keep }
            return Prompt.yesNo("\(file.path) differs from the starter of \(exercise.name). Replace it with the starter? (a copy is kept as .orig)")
                ? .overwrite : .keep
        }
        let scratchStarter = try workspace.ensureScratch()
        context.adopt(workspace)
        let created = results.filter { $0.outcome == .created }.count
        let kept = results.filter { $0.outcome == .kept }
        let replaced = results.filter { if case .overwritten = $0.outcome { return true } else { return false } }
        var lines = [existed ? "Workspace \(workspace.root.path) is up to date." : "Made your workspace: \(workspace.root.path)"]
        if created > 0 { lines.append("  \(created) exercise file\(created == 1 ? "" : "s") copied into \(workspace.exercisesFolder.path)") }
        for (exercise, _) in kept { lines.append("  kept your edited \(workspace.learnerFile(for: exercise).path)") }
        for (exercise, outcome) in replaced {
            if case .overwritten(let backup) = outcome {
                lines.append("  replaced \(workspace.learnerFile(for: exercise).path) (your version is in \(backup.lastPathComponent))")
            }
        }
        if let scratchStarter {
            lines.append(
                "  your own programs go in \(workspace.scratchFolder.path): try 'run \(Workspace.scratchFolderName)/\(scratchStarter.lastPathComponent)'")
        }
        if catalog.exercises.isEmpty { lines.append("  The lessons have no exercises yet; run init again when they do.") }
        if !existed { lines.append("Your progress is kept in \(workspace.progressFile.path).") }
        Console.print(lines.joined(separator: "\n"))
        return workspace
    }
}

/// Asking the learner a yes/no question on the terminal.
enum Prompt {
    static func yesNo(_ question: String) -> Bool {
        print(question + " [y/N] ", terminator: "")
        fflush(nil)
        guard let answer = readLine() else { return false }
        return ["y", "yes"].contains(answer.trimmingCharacters(in: .whitespaces).lowercased())
    }
}
