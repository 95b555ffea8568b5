# Buckets spread over two nodes, found by the first letter of their name. This script becomes
# the node `router` and owns the buckets from a to m; a second BEAM started with :peer is the
# node `buckets_nz` and owns n to z.

# Compiled before this script becomes a node (Elixir 1.14 cannot compile a module in a script
# after Node.start); the peer gets the compiled code over the wire below.
{:module, Buckets, buckets_code, _} =
  defmodule Buckets do
    # One node's buckets: {:put, bucket, key, value} answers :ok, {:get, bucket, key} the
    # value or nil, and :buckets the names of the buckets it holds.
    use GenServer

    def start, do: GenServer.start(__MODULE__, %{}, name: :buckets)

    @impl true
    def init(buckets), do: {:ok, buckets}

    @impl true
    def handle_call({:put, bucket, key, value}, _from, buckets),
      do: {:reply, :ok, Map.update(buckets, bucket, %{key => value}, &Map.put(&1, key, value))}

    def handle_call({:get, bucket, key}, _from, buckets),
      do: {:reply, get_in(buckets, [bucket, key]), buckets}

    def handle_call(:buckets, _from, buckets),
      do: {:reply, buckets |> Map.keys() |> Enum.sort(), buckets}
  end

{:module, Router, _, _} =
  defmodule Router do
    # The routing table: a range of first letters, and the node that owns those buckets.
    def owner(table, <<first, _::binary>>) do
      Enum.find_value(table, fn {letters, node} -> if first in letters, do: node end)
    end

    # GenServer.call({:buckets, node}, request): the same call whether the node is this one or not.
    def route(table, bucket, request) do
      case owner(table, bucket) do
        nil -> exit({:no_route, bucket})
        node -> GenServer.call({:buckets, node}, request)
      end
    end
  end

# Distribution needs epmd, the port mapper; a script that becomes a node starts it itself (a
# no-op when one runs) and waits until it answers.
System.cmd("epmd", ["-daemon"])
epmd_answers? = fn _ -> match?({_, 0}, System.cmd("epmd", ["-names"], stderr_to_stdout: true)) end
Enum.find(1..100, epmd_answers?)
{:ok, _} = Node.start(:router, :shortnames)
Node.set_cookie(:tour)

peer_args = [~c"-setcookie", ~c"tour", ~c"-pa", :code.lib_dir(:elixir, :ebin)]
# Controlled over its standard input rather than the distribution connection: a :peer stops
# when its control connection goes, and this script disconnects from it on purpose below.
{:ok, nz_peer, nz} = :peer.start(%{name: :buckets_nz, args: peer_args, connection: :standard_io})
{:module, Buckets} = :erpc.call(nz, :code, :load_binary, [Buckets, ~c"routed-buckets.exs", buckets_code])
{:ok, _} = :erpc.call(nz, Buckets, :start, [])
{:ok, _} = Buckets.start()

alive = fn node -> node |> Atom.to_string() |> String.split("@") |> hd() end
table = [{?a..?m, node()}, {?n..?z, nz}]

IO.puts("routing table: a..m -> #{alive.(node())}, n..z -> #{alive.(nz)}")

for bucket <- ["groceries", "shopping"] do
  IO.puts("#{inspect(bucket)} is owned by #{alive.(Router.owner(table, bucket))}")
end

IO.puts("put groceries eggs 12: #{inspect(Router.route(table, "groceries", {:put, "groceries", "eggs", 12}))}")
IO.puts("put shopping milk 3: #{inspect(Router.route(table, "shopping", {:put, "shopping", "milk", 3}))}")
IO.puts("get shopping milk: #{inspect(Router.route(table, "shopping", {:get, "shopping", "milk"}))}")
IO.puts("get groceries eggs: #{inspect(Router.route(table, "groceries", {:get, "groceries", "eggs"}))}")
IO.puts("get shopping bread: #{inspect(Router.route(table, "shopping", {:get, "shopping", "bread"}))}")

for node <- [node(), nz] do
  IO.puts("#{alive.(node)} holds #{inspect(GenServer.call({:buckets, node}, :buckets))}")
end

# A disconnection is not a crash: monitors across it fire, but both nodes keep their buckets,
# and the next call connects again.
ref = Process.monitor({:buckets, nz})
IO.puts("disconnect: #{inspect(Node.disconnect(nz))}")

receive do
  {:DOWN, ^ref, :process, _, reason} ->
    IO.puts("the monitor of {:buckets, #{alive.(nz)}} fired with #{inspect(reason)}")
end

IO.puts("get shopping milk after the disconnect: #{inspect(Router.route(table, "shopping", {:get, "shopping", "milk"}))}")
IO.puts("connected again: #{inspect(Enum.map(Node.list(), alive))}")

:peer.stop(nz_peer)
