import OTP

/// Elixir's {:ok, value} / {:error, reason} as a Swift enum.
enum Outcome<Value> {
    case ok(Value)
    case error(Failure)
}

enum Failure {
    case notFound
    case noEmail
}

struct User {
    let email: String?
}

func fetch(_ id: Int) -> Outcome<User> { .error(.notFound) }

var id: Int { 1 }
var t: Int { 15 }
