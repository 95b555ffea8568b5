import OTP

// A process that crashes takes nothing down with it: no shared memory, no shared fate.
struct Boom: Error {}

try await Runtime.run {
    let before: Term = [1, 2, 3]

    let child = spawn {
        print("child: about to crash")
        throw Boom()             // a thrown error is a crash of this process only
    }

    // Wait for the child to be gone: a monitor says when, with no guess at how long it takes.
    let ref = Process.monitor(child)
    _ = try await receive { (down: Down) in down.ref == ref ? down : nil }
    print("child alive? \(Process.isAlive(child))")
    print("parent alive? \(Process.isAlive(selfPid()))")
    print("the parent's data is untouched: \(before)")
}
