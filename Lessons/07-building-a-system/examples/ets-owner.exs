# Starts a process that makes the named table :prices (with an heir if given), fills it, tells
# us, and then waits until it is killed.
start_owner = fn heir ->
  me = self()
  heir_opts = if heir, do: [{:heir, heir, :prices_cache}], else: []

  owner =
    spawn(fn ->
      :ets.new(:prices, [:set, :public, :named_table] ++ heir_opts)
      :ets.insert(:prices, {"milk", 3})
      send(me, :ready)
      receive do: (:stop -> :ok)
    end)

  receive do: (:ready -> :ok)
  owner
end

kill = fn pid ->
  ref = Process.monitor(pid)
  Process.exit(pid, :kill)
  receive do: ({:DOWN, ^ref, _, _, _} -> :ok)
end

# 1. A table lives as long as its owner.
owner = start_owner.(nil)
IO.puts("read by another process: #{inspect(:ets.lookup(:prices, "milk"))}")
kill.(owner)
IO.puts("table after its owner died: #{:ets.whereis(:prices) != :undefined}")

try do
  :ets.lookup(:prices, "milk")
rescue
  e in ArgumentError ->
    IO.puts("lookup: #{e.message |> String.split("* ") |> List.last() |> String.trim()}")
end

# 2. An heir takes the table when the owner dies.
me = self()

keeper =
  spawn(fn ->
    gift = receive do: ({:"ETS-TRANSFER", table, _from, data} -> {table, data})
    send(me, {:heir_got, gift})
    receive do: (:stop -> :ok)
  end)

second = start_owner.(keeper)
kill.(second)
got = receive do: ({:heir_got, gift} -> gift)
IO.puts("the heir got: #{inspect(got)}")
IO.puts("table after its owner died: #{:ets.whereis(:prices) != :undefined}")
IO.puts("owned by the heir: #{:ets.info(:prices, :owner) == keeper}")
IO.puts("still there: #{inspect(:ets.lookup(:prices, "milk"))}")
