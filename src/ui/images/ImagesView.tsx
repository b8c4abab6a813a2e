/**
 * The Images view (issue 16): flow matching on 16 x 16 pictures with the same engine as the 2D
 * playground. Left: the grid of samples under the page's time slider, the same flow on the data's
 * principal axes, the nearest training images and the Euler-steps strip. Right: the lesson, the
 * controls, the fit and the loss.
 */
import { useEffect } from 'react';
import { clock } from '../../state/clock';
import { useImages } from '../../state/imagesStore';
import { useTraining } from '../../state/trainingStore';
import { LessonPanel } from '../lessons/LessonPanel';
import { TimeControls } from '../TimeControls';
import { ImageGridPanel } from './ImageGridPanel';
import { ImagesDataCard, ImagesModelCard, ImagesSampleCard, ImagesTrainCard } from './ImagesControls';
import { ImagesFitPanel } from './ImagesFitPanel';
import { ImagesLossChart } from './ImagesLossChart';
import { imagesDropProps, ImagesSceneCard } from './ImagesSceneCard';
import { installImagesDebug } from './imagesDebug';
import { NearestPanel } from './NearestPanel';
import { PcaPanel } from './PcaPanel';
import { StepsStrip } from './StepsStrip';
import './images.css';

/** While the image model trains on a CPU backend on a few cores, the view draws at 30 fps (as the stage does). */
function useFrameCap(): void {
  useEffect(() => {
    const cap = () => {
      const fewCores = (globalThis.navigator?.hardwareConcurrency || 2) <= 4;
      clock.minFrameMs = fewCores && useImages.getState().running && useTraining.getState().backend?.name !== 'webgpu' ? 1000 / 30 : 0;
    };
    cap();
    const unsubs = [useImages.subscribe((s, p) => s.running !== p.running && cap()), useTraining.subscribe((s, p) => s.backend !== p.backend && cap())];
    return () => {
      unsubs.forEach((u) => u());
      clock.minFrameMs = 0;
    };
  }, []);
}

export function ImagesView() {
  useFrameCap();
  useEffect(installImagesDebug, []);
  return (
    <>
      <div className="images-col" data-testid="images-view" {...imagesDropProps()}>
        <ImageGridPanel />
        <TimeControls />
        <div className="images-below">
          <PcaPanel />
          <div className="images-below-side">
            <NearestPanel />
            <StepsStrip />
          </div>
        </div>
      </div>
      <aside className="images-side" {...imagesDropProps()}>
        <LessonPanel />
        <ImagesTrainCard />
        <ImagesSceneCard />
        <ImagesDataCard />
        <ImagesSampleCard />
        <ImagesFitPanel />
        <ImagesLossChart />
        <ImagesModelCard />
      </aside>
    </>
  );
}
