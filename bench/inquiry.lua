-- wrk script for scripts/bench_inquiry.sh: POST /api/v1/public/inquiry
-- with the bodies of the file $INQUIRY_BODIES (one JSON body a line), each
-- thread from its own offset, in turn.
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end

function init(args)
  bodies = {}
  for line in io.lines(os.getenv("INQUIRY_BODIES")) do bodies[#bodies + 1] = line end
  i = (id or 0) * math.floor(#bodies / 2)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  i = i + 1
  return wrk.format(nil, "/api/v1/public/inquiry", nil, bodies[(i % #bodies) + 1])
end
