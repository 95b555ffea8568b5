import OTP

/// A node of the cluster, and the nodes of the cluster.
let node: Atom = "bob@vm"
let nodes: [Atom] = ["bob@vm", "carol@vm"]
