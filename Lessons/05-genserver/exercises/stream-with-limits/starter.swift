import OTP

// Write `resizeAll(_:)` with `Task.async_stream`'s options: 2 images at a time, 1.5 seconds
// each, a stuck one killed and reported, results in order. Details and TODO: the comment on
// `resizeAll(_:)`, at the end.

/// An image to resize, and how many milliseconds resizing it takes.
struct Image: Sendable {
    let name: String
    let milliseconds: Int
}

/// Resizes one image, written for you: it tells the process registered as `:meter` when it
/// starts and ends (the tests count how many run at once), and takes `image.milliseconds`.
func resize(_ image: Image) async throws -> String {
    try send("meter", .tuple(.atom("started"), .string(image.name)))
    try await Process.sleep(.milliseconds(image.milliseconds))
    try send("meter", .tuple(.atom("done"), .string(image.name)))
    return "\(image.name)@128px"
}

/// Resizes every image of `images` and returns one result per image, **in the order of
/// `images`**: `{:ok, thumbnail}`, or `{:exit, reason}` for an image that did not finish.
///
/// The resizing machine can take only **2 images at a time**, and an image that takes more
/// than **1.5 seconds** is stuck: kill its task and report `{:exit, :timeout}` for it, while
/// the others go on. The tests run in virtual time and check the results, how many images
/// were resized at once, and how long the whole took.
///
/// Right now the images are resized one after the other, with no limit on how long each takes.
///
/// TODO: use `OTPTask<String>.asyncStream(images, maxConcurrency:, ordered:, timeout:,
/// onTimeout:) { image in … }`, Elixir's `Task.async_stream/3`, which returns one
/// `TaskOutcome` per element (`.ok(value)` or `.exit(reason)`), and turn each into a term.
/// The default `onTimeout` is `.exit`: the whole stream exits the caller.
///
/// Elixir:
///     images
///     |> Task.async_stream(&resize/1, max_concurrency: 2, timeout: 1500, on_timeout: :kill_task)
///     |> Enum.to_list()
///     # [{:ok, "a@128px"}, {:exit, :timeout}, …]
func resizeAll(_ images: [Image]) async throws -> [Term] {
    var results: [Term] = []
    for image in images {
        results.append(.tuple(.atom("ok"), .string(try await resize(image))))
    }
    return results
}
