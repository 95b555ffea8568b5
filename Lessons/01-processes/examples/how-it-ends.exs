# How a process ends, each observed with a monitor (lesson 2 explains monitors).
defmodule Watch do
  def exit_reason(body) do
    {_pid, ref} = spawn_monitor(body)

    receive do
      {:DOWN, ^ref, :process, _pid, reason} -> reason
    end
  end
end

IO.puts("returns:         #{inspect(Watch.exit_reason(fn -> :done end))}")
IO.puts("exit(:boom):     #{inspect(Watch.exit_reason(fn -> exit(:boom) end))}")
IO.puts("exit({:bad, 7}): #{inspect(Watch.exit_reason(fn -> exit({:bad, 7}) end))}")

sleeper = spawn(fn -> Process.sleep(:infinity) end)
ref = Process.monitor(sleeper)
Process.exit(sleeper, :kill)

receive do
  {:DOWN, ^ref, :process, _pid, reason} -> IO.puts("killed:          #{inspect(reason)}")
end
