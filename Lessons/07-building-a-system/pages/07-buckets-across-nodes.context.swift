import OTP

/// The owner of the bucket, and the command to run there: a module, a function and its
/// arguments, as the guide's router passes them on.
let node: Atom = "bar@computer"
let bucket = "shopping"
let mod: Term = .atom("Elixir.KV.Registry")
let fun: Term = .atom("lookup")
let args: Term = .list([.atom("Elixir.KV.Registry"), .string("shopping")])
