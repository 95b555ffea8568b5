import OTP

/// A node of the cluster, which runs a Task.Supervisor named Tasks.
let node: Atom = "bob@vm"
