# A server slower than its client, made to be watched (in Elixir, with :observer): the producer
# casts every 5 ms, the server needs 20 ms per cast, so the server's mailbox grows by about 150
# messages a second for eight seconds.
defmodule Slow do
  use GenServer

  def init(:ok), do: {:ok, 0}

  def handle_cast(:work, done) do
    Process.sleep(20)
    {:noreply, done + 1}
  end
end

{:ok, server} = GenServer.start_link(Slow, :ok, name: :slow)

producer =
  spawn(fn ->
    for _ <- 1..1600 do
      GenServer.cast(server, :work)
      Process.sleep(5)
    end
  end)

Process.register(producer, :producer)
Process.sleep(8000)
{:message_queue_len, waiting} = Process.info(server, :message_queue_len)
IO.puts("after eight seconds the server is behind: #{waiting > 100}")
