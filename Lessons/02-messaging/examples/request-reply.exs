# Request and reply: tag each request with a fresh reference, wait for that reference only.
defmodule Squarer do
  def loop do
    receive do
      {:square, from, ref, n} ->
        send(from, {ref, n * n})
        loop()
    end
  end
end

server = spawn(&Squarer.loop/0)

# A late reply to some earlier request is already waiting in our mailbox.
send(self(), {make_ref(), :late})

ref = make_ref()
send(server, {:square, self(), ref, 12})

receive do
  {^ref, answer} -> IO.puts("the answer to this request: #{answer}")
end

receive do
  {_old_ref, :late} -> IO.puts("the late reply was left alone, still in the mailbox")
after
  0 -> IO.puts("the late reply is gone")
end
