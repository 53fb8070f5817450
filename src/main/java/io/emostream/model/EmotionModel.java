package io.emostream.model;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.emostream.emotions.EmotionGroups;
import io.emostream.text.TextCleaner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A loaded model bundle: the network on its device, the text encoder and the decision rule. Thread-safe;
 * scoring goes through {@link #newScorer()}, one per thread.
 */
public final class EmotionModel implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmotionModel.class);

    private final ModelBundle bundle;
    /** The DJL model (PyTorch) of the network; null when {@link #head} serves it. */
    private final Model model;
    /** The linear head in plain Java, for bundles it serves (see {@link LinearHead#serves}); else null. */
    private final LinearHead head;

    private final SentenceEncoder sentenceEncoder;
    private final TextEncoder encoder;

    private EmotionModel(ModelBundle bundle, Model model, LinearHead head, SentenceEncoder sentenceEncoder) {
        this.bundle = bundle;
        this.model = model;
        this.head = head;
        this.sentenceEncoder = sentenceEncoder;
        this.encoder = new TextEncoder(
                bundle.config(), bundle.vocabulary(), sentenceEncoder == null ? null : sentenceEncoder::embed);
    }

    public static EmotionModel load(Path dir) {
        return load(dir, "auto");
    }

    /** Loads a bundle onto the chosen device ({@code auto}: GPU when the engine sees one). */
    public static EmotionModel load(Path dir, String devicePreference) {
        ModelBundle bundle = ModelBundle.read(dir);
        if (LinearHead.serves(bundle.config())) return loadLinear(dir, bundle, devicePreference);
        Device device = Devices.select(devicePreference);
        Model model = Model.newInstance("emostream-" + bundle.version(), device, "PyTorch");
        SentenceEncoder sentenceEncoder = null;
        try {
            if (bundle.config().encoder() != null) sentenceEncoder = loadEncoder(bundle, devicePreference);
            EmotionBlock network = EmotionBlock.of(bundle.config());
            model.setBlock(network);
            network.initialize(model.getNDManager(), DataType.FLOAT32, network.inputShapes(1));
            ParameterFile.load(network, bundle.paramsFile(), model.getNDManager());
            // Inference only: while parameters require gradients, PyTorch records an autograd graph on every forward
            // call, which took about a fifth of the forward time at batch 1 and at batch 64 (scoring threads start in
            // grad mode). Training builds its own model and never goes through here.
            for (Pair<String, Parameter> p : network.getParameters())
                p.getValue().getArray().setRequiresGradient(false);
        } catch (IOException | RuntimeException e) {
            model.close();
            if (sentenceEncoder != null) sentenceEncoder.close();
            throw new BundleException("model bundle " + dir + ": " + e.getMessage(), e);
        }
        logLoaded(bundle, device.toString());
        return new EmotionModel(bundle, model, null, sentenceEncoder);
    }

    /** A linear encoder model: ONNX Runtime for the encoder, plain Java for the head; PyTorch is never loaded. */
    private static EmotionModel loadLinear(Path dir, ModelBundle bundle, String devicePreference) {
        SentenceEncoder sentenceEncoder = null;
        try {
            sentenceEncoder = loadEncoder(bundle, devicePreference);
            LinearHead head = LinearHead.load(bundle.config(), bundle.paramsFile());
            logLoaded(bundle, sentenceEncoder.device() + ", head in Java");
            return new EmotionModel(bundle, null, head, sentenceEncoder);
        } catch (IOException | RuntimeException e) {
            if (sentenceEncoder != null) sentenceEncoder.close();
            throw new BundleException("model bundle " + dir + ": " + e.getMessage(), e);
        }
    }

    private static SentenceEncoder loadEncoder(ModelBundle bundle, String devicePreference) {
        SentenceEncoderSpec spec = bundle.config().encoder().forDevice(SentenceEncoder.device(devicePreference));
        int threads = Runtime.getRuntime().availableProcessors();
        String weights = bundle.config().encoderWeights();
        if (weights == null) return SentenceEncoder.load(spec, devicePreference, threads);
        byte[] onnx = EncoderWeights.patch(spec, bundle.dir().resolve(weights));
        return SentenceEncoder.load(spec, onnx, devicePreference, threads);
    }

    private static void logLoaded(ModelBundle bundle, String where) {
        LOG.info(
                "Loaded model {} ({}{}, {} labels) on {}",
                bundle.version(),
                bundle.config().architecture(),
                bundle.config().members() > 1 ? " x" + bundle.config().members() + " seeds" : "",
                bundle.labels().size(),
                where);
    }

    public Scorer newScorer() {
        if (head != null) return new Scorer(this, head);
        return new Scorer(this, model.newPredictor(new BatchTranslator(bundle.config())));
    }

    /** Whether scoring runs on PyTorch (false for a linear encoder model, whose head is plain Java). */
    public boolean usesPyTorch() {
        return model != null;
    }

    /** The network, for tests of how it was loaded; null when the plain-Java head serves. */
    ai.djl.nn.Block block() {
        return model == null ? null : model.getBlock();
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public String version() {
        return bundle.version();
    }

    public List<String> labels() {
        return bundle.labels();
    }

    public TextEncoder encoder() {
        return encoder;
    }

    /** Where the model's heavy part runs: the network's device, or the sentence encoder's for a linear head. */
    public Device device() {
        return model != null ? model.getNDManager().getDevice() : sentenceEncoder.device();
    }

    /** Label indices over their thresholds; with the fallback rule, the top label when none passes. */
    public int[] decide(float[] scores) {
        return decide(scores, false);
    }

    /** What a comment says: its labels, every label's score, and its groups (Ekman and sentiment) with their scores. */
    public record Reading(List<String> labels, Map<String, Float> labelScores, EmotionGroups.Coarse groups) {}

    /**
     * The labels and groups of a comment from its raw text and its score row, as the stream, {@code classify} and the
     * corpus reports all decide them (an emoji-only comment included, see {@link #decide(float[], boolean)}).
     */
    public Reading read(String rawText, float[] scores) {
        boolean emojiOnly = TextCleaner.emojiOnly(rawText);
        List<String> said = labelNames(decide(scores, emojiOnly));
        Map<String, Float> byLabel = scoresByLabel(scores);
        return new Reading(said, byLabel, groups(said, byLabel, scores, emojiOnly));
    }

    /**
     * As {@link #decide(float[])}, for a comment that may be made of emoji only. Such a comment has no words to be
     * neutral in, but the label head learnt from Reddit sentences, where an emoji's spelt-out name ("red heart") reads
     * as a neutral description. So when an emoji-only comment gets no emotion label, it gets the top label of the
     * emotion group the group head ranks first (its score against its threshold). On the emoji of 955 GoEmotions train
     * and dev comments, scored alone against their comment's groups, this raised group micro-F1 from 0.45 to 0.57.
     */
    private int[] decide(float[] scores, boolean emojiOnly) {
        int n = bundle.labels().size();
        int[] said = Decision.decide(
                Arrays.copyOf(scores, n),
                Arrays.copyOf(bundle.thresholds(), n),
                bundle.manifest().fallbackTopLabel());
        if (!emojiOnly || saysAnEmotion(said)) return said;
        int group = emojiGroup(scores);
        if (group < 0) return said;
        List<String> labels = bundle.labels();
        int best = -1;
        for (String member : EmotionGroups.EKMAN.members().get(groupOutputs().get(group))) {
            int j = labels.indexOf(member);
            if (j >= 0 && (best < 0 || scores[j] > scores[best])) best = j;
        }
        return best < 0 ? said : new int[] {best};
    }

    private boolean saysAnEmotion(int[] said) {
        for (int j : said) if (!bundle.labels().get(j).equals("neutral")) return true;
        return false;
    }

    /** The emotion group the group head ranks first, by score against threshold; -1 without a group head. */
    private int emojiGroup(float[] scores) {
        List<String> heads = groupOutputs();
        float[] thresholds = bundle.thresholds();
        int n = bundle.labels().size();
        int best = -1;
        for (int g = 0; g < heads.size(); g++) {
            if (heads.get(g).equals("neutral")) continue;
            if (best < 0 || scores[n + g] / thresholds[n + g] > scores[n + best] / thresholds[n + best]) best = g;
        }
        return best;
    }

    /** A score row's label scores by label name, in label order (group outputs left out). */
    public Map<String, Float> scoresByLabel(float[] scores) {
        List<String> labels = bundle.labels();
        Map<String, Float> byLabel = new LinkedHashMap<>(labels.size() * 2);
        for (int j = 0; j < labels.size(); j++) byLabel.put(labels.get(j), scores[j]);
        return byLabel;
    }

    /** The Ekman groups the head scores directly (a fine-tuned model), after the labels in a score row; else empty. */
    public List<String> groupOutputs() {
        return bundle.config().groupOutputs();
    }

    /**
     * The groups of a score row whose labels {@code said} were decided: Ekman groups and sentiments derived from the
     * labels; for a model that scores Ekman groups itself (a fine-tuned model's group head, trained on several
     * corpora), its group scores and thresholds replace the derived Ekman ones.
     */
    public EmotionGroups.Coarse groups(List<String> said, float[] scores) {
        return groups(said, scoresByLabel(scores), scores);
    }

    /** As {@link #groups(List, float[])}, for a caller that already holds the row's {@link #scoresByLabel}. */
    public EmotionGroups.Coarse groups(List<String> said, Map<String, Float> byLabel, float[] scores) {
        return groups(said, byLabel, scores, false);
    }

    /**
     * As {@link #groups(List, Map, float[])}; for an emoji-only comment ({@link #decide(float[], boolean)}) that the
     * group head leaves without an emotion group, the group its label was chosen from, instead of neutral.
     */
    private EmotionGroups.Coarse groups(
            List<String> said, Map<String, Float> byLabel, float[] scores, boolean emojiOnly) {
        EmotionGroups.Coarse coarse = headGroups(said, byLabel, scores);
        int group = emojiOnly ? emojiGroup(scores) : -1;
        if (group < 0) return coarse;
        List<String> groups = new ArrayList<>(coarse.groups());
        for (String g : groupOutputs()) if (!g.equals("neutral") && groups.contains(g)) return coarse;
        groups.remove("neutral");
        groups.add(0, groupOutputs().get(group));
        return new EmotionGroups.Coarse(groups, coarse.scores());
    }

    private EmotionGroups.Coarse headGroups(List<String> said, Map<String, Float> byLabel, float[] scores) {
        List<String> labels = bundle.labels();
        EmotionGroups.Coarse derived = EmotionGroups.coarse(said, byLabel);
        List<String> heads = groupOutputs();
        if (heads.isEmpty()) return derived;
        Map<String, Float> groupScores = new LinkedHashMap<>(derived.scores());
        List<String> groups = new ArrayList<>();
        for (int g = 0; g < heads.size(); g++) {
            int i = labels.size() + g;
            groupScores.put(heads.get(g), scores[i]);
            if (scores[i] >= bundle.thresholds()[i]) groups.add(heads.get(g));
        }
        for (String s : derived.groups()) if (!heads.contains(s)) groups.add(s);
        return new EmotionGroups.Coarse(groups, groupScores);
    }

    public List<String> labelNames(int[] indices) {
        List<String> names = new ArrayList<>(indices.length);
        for (int i : indices) names.add(bundle.labels().get(i));
        return names;
    }

    @Override
    public void close() {
        if (model != null) model.close();
        if (sentenceEncoder != null) sentenceEncoder.close();
    }
}
