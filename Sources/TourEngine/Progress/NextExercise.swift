extension LearnerProgress {
    /// The exercise a command means when none is named: the first one not yet passed in the
    /// lesson being read, else the first one not yet passed in the tour; nil when all passed.
    public func nextExercise(in catalog: Catalog) -> Exercise? {
        let open = { (exercise: Exercise) in self.record(for: exercise.name).status != .passed }
        if let lessonID = position?.lesson, let lesson = catalog.lesson(id: lessonID),
            let exercise = lesson.exercises.first(where: open)
        {
            return exercise
        }
        return catalog.exercises.first(where: open)
    }
}
