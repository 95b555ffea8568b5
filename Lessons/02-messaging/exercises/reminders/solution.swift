import OTP

/// What the reminder process understands.
enum ReminderRequest: Sendable {
    /// In `after`, send `to` the message `{:reminder, text}`. One reminder per text at a time.
    case remind(String, after: Duration, to: Pid)
    /// Cancel the reminder for `text` and tell `from` how it went, with a `CancelReply`.
    case cancel(String, from: Pid)
}

/// The reminder process's answer to `.cancel`.
enum CancelReply: Sendable, Equatable {
    /// The reminder was cancelled; it would have gone off in `left`.
    case cancelled(left: Duration)
    /// Too late: the reminder had already been sent (or there was none).
    case alreadySent
}

/// The reminder process's body: a timer per reminder, cancelled on request.
func reminders() async throws {
    var timers: [String: TimerRef] = [:]
    while true {
        switch try await receive(ReminderRequest.self) {
        case .remind(let text, let delay, let to):
            timers[text] = Process.sendAfter(to, .tuple(.atom("reminder"), .string(text)), after: delay)
        case .cancel(let text, let from):
            if let timer = timers.removeValue(forKey: text), let left = Process.cancelTimer(timer) {
                send(from, CancelReply.cancelled(left: left))
            } else {
                send(from, CancelReply.alreadySent)
            }
        }
    }
}

/// Cancels the reminder for `text` that `server` was to send to the caller; true if it was
/// stopped in time. When it was too late, the stale reminder is taken out of the mailbox.
func cancelReminder(_ server: Pid, _ text: String) async throws -> Bool {
    send(server, ReminderRequest.cancel(text, from: selfPid()))
    switch try await receive(CancelReply.self) {
    case .cancelled:
        return true
    case .alreadySent:
        _ = try await receive(after: .zero) { (message: Term) in
            message == .tuple(.atom("reminder"), .string(text)) ? () : nil
        }
        return false
    }
}
