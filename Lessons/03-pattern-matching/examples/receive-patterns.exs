# Selective receive with patterns: messages that fit no clause wait in the mailbox.
me = self()
send(me, {:log, "starting"})
send(me, {:result, 42})
send(me, {:log, "done"})

# Takes the result first, although two log lines came before it.
receive do
  {:result, value} -> IO.puts("result: #{inspect(value)}")
end

for _ <- 1..2 do
  receive do
    {:log, text} when is_binary(text) -> IO.puts("log: #{text}")
  end
end

# The pin: only the reply carrying this reference will do.
ref = make_ref()
send(me, {:reply, make_ref(), "stale"})
send(me, {:reply, ref, "fresh"})

receive do
  {:reply, ^ref, answer} -> IO.puts("answer: #{inspect(answer)}")
end

receive do
  :never -> IO.puts("?")
after
  50 -> IO.puts("nothing else arrived")
end
