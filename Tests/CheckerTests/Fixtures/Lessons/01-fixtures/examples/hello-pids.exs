me = self()
child = spawn(fn -> send(me, {:hello, self()}) end)
receive do
  reply -> IO.inspect(reply)
end
IO.inspect(child == child)
