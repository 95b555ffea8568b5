import OTP

// Elixir patterns, parsed and matched by the tour's runtime.
func show(_ pattern: String, _ value: String) throws {
    let bindings = try Pattern.parse(pattern).bind(Term.parse(value))
    for (name, term) in bindings {
        print("\(name) = \(term)")
    }
}

try show("{:ok, [first | rest]}", "{:ok, [1, 2, 3]}")
try show(#"%{"name" => name}"#, #"%{"name" => "Ada", "born" => 1815}"#)
try show(#""user:" <> id"#, #""user:42""#)
try show("<<len, body::binary-size(len), tail::binary>>", #"<<3, "abcdef">>"#)
try show("[a: x, b: y]", "[a: 1, b: {2.5, 'ok'}]")

// A failed match throws MatchError, which carries the value.
do {
    _ = try Pattern.parse("{:ok, _}").bind(Term.parse("{:error, :enoent}"))
} catch let error as MatchError {
    print(error.message)
}
