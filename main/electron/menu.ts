import { Menu, app, type MenuItemConstructorOptions } from 'electron';
import type { RecentFile } from '../services/recent-files.js';

export interface MenuActions {
  open(): void;
  openRecent(id: string): void;
  about(): void;
  close(): void;
}

/** File > Open..., Open Recent, Close, Quit; View; Help > About. Rebuilt when the recent list changes. */
export function buildMenu(recent: RecentFile[], a: MenuActions): void {
  const isMac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(isMac ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'Open...', accelerator: 'CmdOrCtrl+O', click: () => a.open() },
        {
          label: 'Open Recent',
          submenu: recent.length
            ? recent.map((r) => ({ label: r.name, sublabel: r.path, click: () => a.openRecent(r.id) }))
            : [{ label: '(none)', enabled: false }],
        },
        { label: 'Close Volume', accelerator: 'CmdOrCtrl+W', click: () => a.close() },
        { type: 'separator' },
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'View',
      submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }, ...(app.isPackaged ? [] : [{ role: 'toggleDevTools' as const }])],
    },
    { label: 'Help', submenu: [{ label: 'About Voxelscope', click: () => a.about() }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
