# Spawn a process, let it introduce itself, and wait for its message.
parent = self()

child =
  spawn(fn ->
    send(parent, {:hello, self()})
  end)

receive do
  {:hello, from} ->
    IO.puts("a message from #{inspect(from)}")
    IO.puts("it came from the child: #{from == child}")
end

IO.puts("the parent is #{inspect(parent)}")
IO.puts("parent and child are different processes: #{parent != child}")
