import OTP

// Write the reminder process `reminders()` and the client `cancelReminder(_:_:)`, at the end
// of this file:
// - `reminders()` takes `ReminderRequest`s: `.remind` starts a timer that will send
//   `{:reminder, text}`, `.cancel` cancels it and answers a `CancelReply` (the time that was
//   left, or `.alreadySent`);
// - `cancelReminder` asks for a cancel, and when it came too late takes the stale reminder out
//   of the caller's mailbox.
// The tests run on a virtual clock. The comments on the two functions have the TODOs.

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

/// The reminder process's body.
///
/// Don't sleep to wait: a process that sleeps cannot take requests meanwhile. A timer does the
/// waiting: `Process.sendAfter(to, message, after: delay)` returns a `TimerRef` at once and
/// sends the message later. Keep each timer by its text, and `Process.cancelTimer(timer)` on
/// `.cancel`: it returns the time that was left, or nil when the timer has already fired.
///
/// Right now `.remind` sends the reminder at once, and `.cancel` always answers `.alreadySent`.
///
/// TODO:
/// - `.remind`: start a timer with `Process.sendAfter`, and keep its `TimerRef` in a dictionary
///   by text;
/// - `.cancel`: take the timer out of the dictionary; answer `.cancelled(left:)` with what
///   `cancelTimer` returns, or `.alreadySent` when it returns nil (or there is no timer).
///
/// Elixir:
///     {:remind, text, ms, to} -> timers = Map.put(timers, text, Process.send_after(to, {:reminder, text}, ms))
///     {:cancel, text, from} ->
///       case Process.cancel_timer(timers[text]) do
///         false -> send(from, :already_sent)
///         left -> send(from, {:cancelled, left})
///       end
func reminders() async throws {
    while true {
        switch try await receive(ReminderRequest.self) {
        case .remind(let text, after: _, let to):
            send(to, .tuple(.atom("reminder"), .string(text)))
        case .cancel(_, let from):
            send(from, CancelReply.alreadySent)
        }
    }
}

/// Cancels the reminder for `text` that `server` was to send to the caller; returns true if it
/// was stopped in time.
///
/// When it was too late, the reminder `{:reminder, text}` has already arrived in the caller's
/// mailbox, or is in it now: a *stale* message that a later `receive` would take for a new
/// one. Remove it before returning false: a `receive(after: .zero)` that takes exactly that
/// message (other messages stay).
///
/// Right now it asks, but does not look at the answer or clean up.
///
/// TODO: receive the `CancelReply`; for `.alreadySent`, take the stale `{:reminder, text}` out
/// of the mailbox, and return false; for `.cancelled`, return true.
func cancelReminder(_ server: Pid, _ text: String) async throws -> Bool {
    send(server, ReminderRequest.cancel(text, from: selfPid()))
    return true
}
