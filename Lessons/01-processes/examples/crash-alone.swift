import OTP

// A process that crashes takes nothing down with it: no shared memory, no shared fate.
struct Boom: Error {}

try await Runtime.run {
    let before: Term = [1, 2, 3]

    let child = spawn {
        print("child: about to crash")
        throw Boom()             // a thrown error is a crash of this process only
    }

    try await Process.sleep(.milliseconds(100))
    print("child alive? \(Process.isAlive(child))")
    print("parent alive? \(Process.isAlive(selfPid()))")
    print("the parent's data is untouched: \(before)")
}
