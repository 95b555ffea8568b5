# A process that crashes takes nothing down with it: no shared memory, no shared fate.
Logger.configure(level: :none)

before = [1, 2, 3]

child =
  spawn(fn ->
    IO.puts("child: about to crash")
    raise "boom"
  end)

# Wait for the child to be gone: a monitor says when, with no guess at how long it takes.
ref = Process.monitor(child)

receive do
  {:DOWN, ^ref, :process, _, _} -> :ok
end

IO.puts("child alive? #{Process.alive?(child)}")
IO.puts("parent alive? #{Process.alive?(self())}")
IO.puts("the parent's data is untouched: #{inspect(before)}")
