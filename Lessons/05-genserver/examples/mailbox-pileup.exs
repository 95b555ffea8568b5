# A server slower than its client, made to be watched (in Elixir, with :observer): the producer
# casts 200 requests at the start of each second, the server needs 20 ms per cast (50 a second),
# so its mailbox grows by about 150 messages a second for eight seconds. The producer reads the
# server's mailbox right after its last burst.
defmodule Slow do
  use GenServer

  def init(:ok), do: {:ok, 0}

  def handle_cast(:work, done) do
    Process.sleep(20)
    {:noreply, done + 1}
  end
end

{:ok, server} = GenServer.start_link(Slow, :ok, name: :slow)

main = self()

producer =
  spawn(fn ->
    for second <- 1..8 do
      for _ <- 1..200, do: GenServer.cast(server, :work)
      if second < 8, do: Process.sleep(1000)
    end

    {:message_queue_len, waiting} = Process.info(server, :message_queue_len)
    send(main, waiting)
  end)

Process.register(producer, :producer)

waiting =
  receive do
    n when is_integer(n) -> n
  end

IO.puts("after eight bursts the server is behind: #{waiting > 100}")
