/** What device listing found on this machine; the args builder resolves scene sources against it. */

export type Platform = 'linux' | 'win32' | 'darwin';

export interface DisplayDevice {
  /** What the capture input takes: Linux ":0.0" (+ offset via region), Windows "desktop", macOS avfoundation index ("3"). */
  id: string;
  name: string;
  width: number | null;
  height: number | null;
  /** Position on the virtual desktop (multi-monitor): capture this display = region at this offset. */
  x: number;
  y: number;
  primary: boolean;
}

export interface CameraDevice {
  /** Linux "/dev/video0", Windows dshow name, macOS avfoundation index or name. */
  id: string;
  name: string;
}

export interface AudioDevice {
  /** Linux pulse source name or ALSA "hw:1,0", Windows dshow name, macOS avfoundation index. */
  id: string;
  name: string;
  /** A monitor/loopback source (what the computer plays): usable as desktop audio. */
  loopback: boolean;
}

export interface DeviceInventory {
  platform: Platform;
  displays: DisplayDevice[];
  cameras: CameraDevice[];
  /** Inputs (microphones) and loopback sources; desktop audio picks a loopback one. */
  audio: AudioDevice[];
  /**
   * Linux: which audio input to use. `pulse`: ffmpeg's own PulseAudio input (Debian's ffmpeg);
   * `parec`: PulseAudio (or PipeWire's pulse server) recorded by `parec` and piped into an ffmpeg
   * without one (the bundled static ffmpeg 4.1); `alsa`: no sound server (no desktop audio).
   */
  audioBackend: 'pulse' | 'parec' | 'alsa' | 'dshow' | 'avfoundation';
  /** Problems met while listing (e.g. "pactl not found"), for the settings page. */
  warnings: string[];
}
