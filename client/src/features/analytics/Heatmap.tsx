import { formatCount } from "./format";

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const LONG_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const HOURS = Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, "0")}:00`);

/** Busiest hours: received messages by weekday and hour of day, in the workspace's time zone. */
export function Heatmap({ cells, max, timeZone }: { cells: number[][]; max: number; timeZone: string }) {
  const busiest = max > 0 ? findBusiest(cells, max) : null;
  return (
    <div>
      <table className="w-full table-fixed border-separate border-spacing-[3px]">
        <caption className="sr-only">Received messages by weekday and hour</caption>
        <colgroup>
          <col className="w-9" />
        </colgroup>
        <tbody>
          {cells.map((row, d) => (
            <tr key={DAYS[d]}>
              <th scope="row" className="pr-1 text-right text-[11px] leading-5 font-normal text-zinc-500">
                {DAYS[d]}
              </th>
              {row.map((n, h) => (
                <td
                  key={HOURS[h]}
                  title={`${LONG_DAYS[d]} ${HOURS[h]}–${HOURS[(h + 1) % 24]}: ${formatCount(n)} received`}
                  className="h-5 rounded-[3px] p-0"
                  style={{ background: n === 0 ? "#f4f4f5" : `rgba(79, 70, 229, ${0.12 + (0.88 * n) / max})` }}
                >
                  <span className="sr-only">{n}</span>
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <td />
            {HOURS.map((label, h) => (
              <td key={label} className="p-0 text-center text-[10px] text-zinc-400">
                {h % 3 === 0 ? h : ""}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      <p className="mt-3 text-xs text-zinc-500">
        {busiest ? (
          <>
            Busiest:{" "}
            <span className="font-medium text-zinc-700">
              {LONG_DAYS[busiest.d]}s {HOURS[busiest.h]}–{HOURS[(busiest.h + 1) % 24]}
            </span>
            .{" "}
          </>
        ) : null}
        Hours in {timeZone.replaceAll("_", " ")}.
      </p>
    </div>
  );
}

function findBusiest(cells: number[][], max: number) {
  for (let d = 0; d < cells.length; d++) for (let h = 0; h < 24; h++) if (cells[d][h] === max) return { d, h };
  return null;
}
