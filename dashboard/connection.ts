import {
  PROTOCOL_VERSION,
  WS_PATH,
  type PublishedMessage,
  type ServerMessage,
} from '../src/server/protocol.ts';

/** What the connection reports to the page. */
export interface ConnectionEvents {
  /** A (re)connection opened: the server is about to resend every run's history. */
  onOpen(): void;
  onMessages(messages: readonly PublishedMessage[]): void;
  onStatus(status: 'connecting' | 'live' | 'offline', detail?: string): void;
}

/** Connects to the server's WebSocket and reconnects with a growing delay when it drops. */
export function connect(events: ConnectionEvents): void {
  let delay = 500;
  let isStopped = false;
  const open = (): void => {
    events.onStatus('connecting');
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${location.host}${WS_PATH}`);
    ws.onopen = () => {
      delay = 500;
      events.onOpen();
      events.onStatus('live');
    };
    ws.onmessage = (event) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(String(event.data)) as ServerMessage;
      } catch {
        return;
      }
      if (message.v !== PROTOCOL_VERSION) {
        isStopped = true;
        ws.close();
        events.onStatus(
          'offline',
          `server speaks protocol v${message.v}, this page v${PROTOCOL_VERSION}; reload the page`,
        );
        return;
      }
      if (message.type === 'batch') events.onMessages(message.messages);
    };
    ws.onclose = () => {
      if (isStopped) return;
      events.onStatus('offline', `reconnecting in ${Math.round(delay / 1000)} s`);
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 8000);
    };
  };
  open();
}
