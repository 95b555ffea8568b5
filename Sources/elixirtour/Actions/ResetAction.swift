import Foundation
import TourEngine

/// `reset EXERCISE|--all|--undo`: puts exercises back to their starters and forgets their
/// progress, keeping a backup that `--undo` restores.
struct ResetAction {
    let context: TourContext

    func reset(exerciseName: String?, all: Bool) throws {
        let catalog = try context.catalogWithLessons()
        let workspace = try context.requireWorkspace()
        let store = ProgressStore(workspace: workspace)
        _ = try context.loadProgress(store)
        let exercises: [Exercise]
        if all {
            exercises = catalog.exercises
        } else if let exerciseName {
            exercises = [try ExercisesAction(context: context).exercise(named: exerciseName, for: .reset)]
        } else {
            throw TourError.usage("Say what to reset: an exercise's name, or --all for everything (and --undo to take a reset back).")
        }
        let backup = try ResetBackups(workspace: workspace, store: store).reset(exercises)
        let what = all ? "every exercise" : exercises[0].name
        Console.print(
            "Reset \(what): the starter file is back and its progress is cleared.\n"
                + "A backup is in \(backup.path); 'reset --undo' puts it back.")
    }

    func undo() throws {
        let workspace = try context.requireWorkspace()
        let backups = ResetBackups(workspace: workspace, store: ProgressStore(workspace: workspace))
        guard let restored = try backups.undoLastReset() else {
            throw TourError.usage("There is no reset to undo.")
        }
        Console.print("Undid the reset saved in \(restored.lastPathComponent): your files and progress are back.")
    }
}
