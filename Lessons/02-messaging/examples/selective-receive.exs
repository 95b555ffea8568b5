# Messages wait in the mailbox in arrival order; receive picks the first one that matches.
defmodule Inbox do
  # Takes every {tag, n} already in the mailbox, oldest first, leaving the rest.
  def take(tag, acc \\ []) do
    receive do
      {^tag, n} -> take(tag, [n | acc])
    after
      0 -> Enum.reverse(acc)
    end
  end
end

me = self()
send(me, {:low, 1})
send(me, {:low, 2})
send(me, {:high, 3})
send(me, {:low, 4})
send(me, {:high, 5})

{:message_queue_len, waiting} = Process.info(me, :message_queue_len)
IO.puts("waiting in the mailbox: #{waiting}")
IO.puts("high first: #{inspect(Inbox.take(:high))}")
IO.puts("then low:   #{inspect(Inbox.take(:low))}")
{:message_queue_len, left} = Process.info(me, :message_queue_len)
IO.puts("left over:  #{left}")
