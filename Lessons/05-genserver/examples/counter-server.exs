defmodule Counter do
  use GenServer

  def init(start), do: {:ok, start}

  def handle_call(:get, _from, count), do: {:reply, count, count}
  def handle_call({:add, n}, _from, count), do: {:reply, count + n, count + n}

  def handle_cast({:add, n}, count), do: {:noreply, count + n}

  def handle_info(:tick, count) do
    IO.puts("tick while the count is #{count}")
    {:noreply, count}
  end
end

{:ok, pid} = GenServer.start_link(Counter, 10, name: :counter)
IO.puts("get: #{GenServer.call(:counter, :get)}")
IO.puts("add 5 (call): #{GenServer.call(pid, {:add, 5})}")
GenServer.cast(pid, {:add, 100})
IO.puts("after a cast of 100: #{GenServer.call(pid, :get)}")
send(pid, :tick)
IO.puts("get: #{GenServer.call(pid, :get)}")
# :sys.get_state and :sys.replace_state: for debugging, not for clients.
IO.puts("the state, seen with :sys.get_state: #{:sys.get_state(pid)}")
:sys.replace_state(pid, fn n -> n * 2 end)
IO.puts("after :sys.replace_state doubled it: #{GenServer.call(pid, :get)}")
GenServer.stop(pid)
IO.puts("alive after stop: #{Process.alive?(pid)}")
