-- wrk script for scripts/bench_scale.sh: GET $REFS_PREFIX<ref> for the refs
-- of the file $REFS (one a line), each thread from its own offset, in turn,
-- so that the reads spread over many cases, not one.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  refs = {}
  for line in io.lines(os.getenv("REFS")) do refs[#refs + 1] = line end
  prefix = os.getenv("REFS_PREFIX")
  i = (id or 0) * math.floor(#refs / 2)
end

function request()
  i = i + 1
  return wrk.format("GET", prefix .. refs[(i % #refs) + 1])
end
