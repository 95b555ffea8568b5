{:ok, counter} = Agent.start_link(fn -> 0 end)
Agent.update(counter, fn n -> n + 1 end)
Agent.cast(counter, fn n -> n * 10 end)
IO.puts("agent holds #{Agent.get(counter, fn n -> n end)}")
old = Agent.get_and_update(counter, fn n -> {n, n + 5} end)
IO.puts("get_and_update returned #{old}, agent now holds #{Agent.get(counter, & &1)}")

task = Task.async(fn -> Enum.sum(1..100) end)
IO.puts("task result: #{Task.await(task)}")

slow = Task.async(fn -> Process.sleep(1000) end)
IO.puts("yield after 10 ms: #{inspect(Task.yield(slow, 10))}")
IO.puts("shutdown: #{inspect(Task.shutdown(slow))}")

results =
  [300, 100, 200]
  |> Task.async_stream(fn ms -> Process.sleep(ms); ms end, max_concurrency: 2)
  # each element is {:ok, value} or {:exit, reason}; anything but {:ok, _} crashes here
  |> Enum.map(fn {:ok, ms} -> ms end)
IO.puts("async_stream (ordered): #{inspect(results)}")
