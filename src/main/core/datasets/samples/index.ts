export { SAMPLE_INFO, SAMPLE_NAMES, SAMPLE_PREFIX, isSampleName, sampleInfoFor, type SampleInfo, type SampleName } from './catalog';
export { ensureSample } from './ensure-sample';
export { makeClassification, type ClassificationOptions, type TabularSample } from './make-classification';
export { makeRegression, type RegressionOptions } from './make-regression';
export { NEW_SHAPE_CLASSES, SHAPE_CLASSES, makeShapesImages, type ImageSample, type ShapesOptions } from './make-shapes';
