// echo starter
