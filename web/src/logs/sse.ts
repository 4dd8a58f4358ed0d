// Server-Sent Events read from a text stream, as the HTML standard's EventSource reads them, but
// in the page's own code: a log's backlog of 100,000 events then arrives chunk by chunk, each
// chunk a short task, where EventSource dispatches a whole network read of events in one.

export interface ServerEvent {
  /** `message` unless the server named it. */
  event: string;
  /** The last ID the stream gave, as EventSource's `lastEventId`. */
  id: string;
  data: string;
}

export interface SseParser {
  /** The events that `text`, the stream's next chunk, completes. */
  push(text: string): ServerEvent[];
}

export function createSseParser(): SseParser {
  let buffered = '';
  /** The previous chunk ended in CR: a LF starting this one ends no further line. */
  let afterCr = false;
  let lastId = '';
  let event = '';
  let data: string[] = [];

  function field(line: string): ServerEvent | null {
    if (line === '') {
      const dispatched = data.length === 0 ? null : { event: event || 'message', id: lastId, data: data.join('\n') };
      event = '';
      data = [];
      return dispatched;
    }
    if (line.startsWith(':')) return null;
    const colon = line.indexOf(':');
    const name = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (name === 'data') data.push(value);
    else if (name === 'event') event = value;
    else if (name === 'id' && !value.includes('\0')) lastId = value;
    return null;
  }

  return {
    push(text) {
      const chunk = afterCr && text.startsWith('\n') ? text.slice(1) : text;
      afterCr = chunk.endsWith('\r');
      const lines = (buffered + chunk).split(/\r\n|\r|\n/);
      // The last piece is a line still arriving.
      buffered = lines.pop()!;
      const events: ServerEvent[] = [];
      for (const line of lines) {
        const dispatched = field(line);
        if (dispatched) events.push(dispatched);
      }
      return events;
    },
  };
}
