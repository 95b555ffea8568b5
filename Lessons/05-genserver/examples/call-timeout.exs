defmodule Slow do
  use GenServer

  def init(:ok), do: {:ok, nil}

  # Answers `{:work, ms}` after `ms` milliseconds, without blocking: a deferred reply.
  def handle_call({:work, ms}, from, state) do
    Process.send_after(self(), {:done, from}, ms)
    {:noreply, state}
  end

  def handle_info({:done, from}, state) do
    GenServer.reply(from, :done)
    {:noreply, state}
  end
end

{:ok, pid} = GenServer.start_link(Slow, :ok)
IO.puts("fast call: #{inspect(GenServer.call(pid, {:work, 10}, 1000))}")

try do
  GenServer.call(pid, {:work, 500}, 100)
catch
  :exit, {reason, {GenServer, :call, _}} -> IO.puts("slow call exited: #{inspect(reason)}")
end

Process.sleep(600)
IO.puts("messages left in the caller's mailbox: #{length(elem(Process.info(self(), :messages), 1))}")
IO.puts("the server still works: #{inspect(GenServer.call(pid, {:work, 10}))}")
