# receive ... after: give up waiting after a while; after 0 only looks.
receive do
  message -> IO.puts("got #{inspect(message)}")
after
  100 -> IO.puts("nothing arrived within 100 ms")
end

Process.send_after(self(), :tick, 50)

receive do
  :tick -> IO.puts("the tick came before the deadline")
after
  1_000 -> IO.puts("no tick within a second")
end

send(self(), :already_here)

receive do
  :not_there -> IO.puts("impossible")
after
  0 -> IO.puts("after 0 looks at the mailbox and returns at once")
end

send(self(), :second)
send(self(), {:third, 3})
IO.puts("flush empties the mailbox, oldest first:")
IEx.Helpers.flush()
