import type { Size } from './image-plan'
import { THUMBNAILS_FOLDER } from './image-args'

export const SPECTROGRAM_FILE = `${THUMBNAILS_FOLDER}/spectrogram.png`
/** The plot itself; showspectrumpic's legend (axes, labels, the dBFS bar) adds its margins around it. */
export const SPECTROGRAM_PLOT: Size = { width: 1280, height: 320 }
/**
 * The whole picture. The legend's width follows its text (1562–1564 px for the plot above), so
 * the picture is padded on the right and bottom, in the legend's black, to a size that never moves.
 */
export const SPECTROGRAM_SIZE: Size = { width: 1600, height: 464 }

export interface SpectrogramOptions {
  /** A log frequency axis (the binary's showspectrumpic has `fscale`); else linear, as 2018 builds draw it. */
  logFrequency: boolean
}

/**
 * An extra output of the audio encode, like the waveform: the spectrogram is drawn from the
 * same decode that feeds the AAC encoders. Time runs left to right and frequency upwards,
 * labelled; the plasma map keeps to the app's indigo-to-amber palette.
 */
export function spectrogramOutputArgs(audioStreamIndex: number, options: SpectrogramOptions): string[] {
  const { width, height } = SPECTROGRAM_PLOT
  // Padded in RGB: in YUV, "black" is video black (16), a visible step beside the legend's 0.
  const pad = `pad=${SPECTROGRAM_SIZE.width}:${SPECTROGRAM_SIZE.height}:0:0:black`
  const scale = options.logFrequency ? ':fscale=log' : ''
  return [
    '-filter_complex',
    `[0:${audioStreamIndex}]aformat=channel_layouts=mono,showspectrumpic=s=${width}x${height}:legend=1:color=plasma${scale},format=rgb24,${pad}[spectrum]`,
    '-map', '[spectrum]', '-frames:v', '1', '-f', 'image2', '-update', '1', SPECTROGRAM_FILE
  ]
}
