pid = spawn(fn -> IO.puts("hello from #{inspect(self())}") end)
